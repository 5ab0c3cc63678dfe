/**
 * Lustre's llog test suite ({@code llog_test.c}) as plain Java, runnable on any OSD: from
 * JUnit, from {@code ./jlustre llog_test}, or from another OSD's own tests.
 */
package org.jlustre.llog.test;

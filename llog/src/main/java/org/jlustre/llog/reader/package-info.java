/** Reading llog files and printing them as Lustre's {@code llog_reader} does. */
package org.jlustre.llog.reader;

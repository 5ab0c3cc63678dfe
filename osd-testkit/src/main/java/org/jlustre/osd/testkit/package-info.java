/**
 * The OSD conformance kit, after Lucene's {@code BaseDirectoryTestCase} and
 * {@code MockDirectoryWrapper}.
 *
 * <p>One abstract class per API surface ({@link org.jlustre.osd.testkit.DeviceConformance},
 * {@link org.jlustre.osd.testkit.ObjectConformance}, {@link org.jlustre.osd.testkit.BodyConformance},
 * {@link org.jlustre.osd.testkit.DirectoryIteratorConformance} ...), each with the single factory
 * {@link org.jlustre.osd.testkit.OsdTestCase#newDevice}; a backend runs a surface with a
 * three-line subclass. Capabilities the backend does not declare are skipped with assumptions.
 *
 * <p>{@link org.jlustre.osd.testkit.AssertingOsd} checks the caller rules (declared updates,
 * closed handles and iterators, leaked or nested transactions);
 * {@link org.jlustre.osd.testkit.FaultyOsd} injects errors by {@link org.jlustre.osd.testkit.FaultPlan};
 * {@link org.jlustre.osd.testkit.KitSeed} gives each test a seed printed on failure
 * ({@code -Dtests.seed=0x...} replays it).
 */
package org.jlustre.osd.testkit;

package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/**
 * Index negotiation ({@link OsdObject#indexTry}, {@code do_index_try}; reference 2.11): what
 * each kind of features answers, with osd-zfs's errnos for refused key/value features.
 */
public abstract class IndexTryConformance extends OsdTestCase {

    private static final int UPDATE = IndexFeatures.DT_IND_UPDATE;

    /** DIRECTORY: "ENOTDIR if the object exists and is not a directory" (a regular file). */
    @Test
    void directoryOnARegularFileFailsWithEnotdir() throws Exception {
        OsdObject o = createRegular();
        assertErrno(Errno.ENOTDIR, () -> o.indexTry(IndexFeatures.DIRECTORY));
    }

    /** DIRECTORY on a key/value index object is ENOTDIR too. */
    @Test
    void directoryOnAKeyValueIndexFailsWithEnotdir() throws Exception {
        OsdObject o = createIndex(IndexFeatures.keyValue(8, 8));
        assertErrno(Errno.ENOTDIR, () -> o.indexTry(IndexFeatures.DIRECTORY));
    }

    /** "The object need not exist yet ... index operations fail with ENOENT until it does." */
    @Test
    void directoryNegotiatedBeforeCreateWorksAfterIt() throws Exception {
        OsdObject o = newObject();
        DirectoryIndex d = dir(o);
        assertErrno(Errno.ENOENT, () -> d.lookup("."));
        assertErrno(Errno.ENOENT, d::size);
        tx().create(o, dirAttr(), ObjectFormat.DIR).insert(d, "child", newFid(), FileMode.S_IFREG).run();
        assertThat(d.lookup("child")).isPresent();
        assertThat(d.lookupFid(".")).isEqualTo(o.fid());
    }

    /** The same for a key/value index created with {@link ObjectFormat#index}. */
    @Test
    void keyValueNegotiatedBeforeCreateWorksAfterIt() throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(8, 16);
        OsdObject o = newObject();
        KeyValueIndex kv = o.indexTry(f);
        assertErrno(Errno.ENOENT, () -> kv.lookup(new byte[8]));
        tx().create(o, regAttr(), ObjectFormat.index(f)).insert(kv, new byte[8], pattern(16, 1)).run();
        assertThat(kv.lookup(new byte[8])).hasValueSatisfying(r -> assertThat(r).isEqualTo(pattern(16, 1)));
    }

    /** Key/value: "ERANGE for DT_IND_RANGE". */
    @Test
    void rangeFeaturesFailWithErange() throws Exception {
        assertRefused(Errno.ERANGE, IndexFeatures.of(UPDATE | IndexFeatures.DT_IND_RANGE, 8, 8, 8, 8, 4));
    }

    /** Key/value: "EINVAL for variable ... keys". */
    @Test
    void variableKeysFailWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.of(UPDATE | IndexFeatures.DT_IND_VARKEY, 8, 8, 8, 8, 4));
    }

    /** Key/value: "EINVAL for variable ... records". */
    @Test
    void variableRecordsFailWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.of(UPDATE | IndexFeatures.DT_IND_VARREC, 8, 8, 8, 8, 4));
    }

    /** Key/value: "EINVAL for ... non-unique keys". */
    @Test
    void nonUniqueKeysFailWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.of(UPDATE | IndexFeatures.DT_IND_NONUNQ, 8, 8, 8, 8, 4));
    }

    /** Key/value: "EINVAL for ... minimum and maximum sizes that differ" (keys). */
    @Test
    void differingKeySizesFailWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.of(UPDATE, 4, 8, 8, 8, 4));
    }

    /** Key/value: "EINVAL for ... minimum and maximum sizes that differ" (records). */
    @Test
    void differingRecordSizesFailWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.of(UPDATE, 8, 8, 8, 32, 4));
    }

    /** Key/value: "EINVAL for ... a zero key size". */
    @Test
    void zeroKeySizeFailsWithEinval() throws Exception {
        assertRefused(Errno.EINVAL, IndexFeatures.keyValue(0, 8));
    }

    /** Key/value: "E2BIG for keys over 256" ({@code ZAP_MAXNAMELEN}). */
    @Test
    void keysOver256BytesFailWithE2big() throws Exception {
        assertRefused(Errno.E2BIG, IndexFeatures.keyValue(257, 8));
    }

    /** Key/value: "E2BIG for ... records over 65536 bytes" ({@code ZAP_MAXVALUELEN}). */
    @Test
    void recordsOver64KiBFailWithE2big() throws Exception {
        assertRefused(Errno.E2BIG, IndexFeatures.keyValue(8, 65537));
    }

    /** The limits themselves are allowed: 256-byte keys and 65536-byte records. */
    @Test
    void largestKeyAndRecordAreAccepted() throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(256, 65536);
        OsdObject o = createIndex(f);
        KeyValueIndex kv = o.indexTry(f);
        byte[] key = pattern(256, 1);
        byte[] rec = pattern(65536, 2);
        tx().insert(kv, key, rec).run();
        assertThat(kv.lookup(key)).hasValueSatisfying(r -> assertThat(r).isEqualTo(rec));
    }

    /** Key/value: "EINVAL if the object exists and is not an index of the same sizes" (other sizes). */
    @Test
    void otherSizesOnAnExistingIndexFailWithEinval() throws Exception {
        OsdObject o = createIndex(IndexFeatures.keyValue(8, 8));
        assertErrno(Errno.EINVAL, () -> o.indexTry(IndexFeatures.keyValue(8, 16)));
        assertErrno(Errno.EINVAL, () -> o.indexTry(IndexFeatures.keyValue(16, 8)));
    }

    /** Key/value: the same EINVAL on a regular file. */
    @Test
    void keyValueOnARegularFileFailsWithEinval() throws Exception {
        OsdObject o = createRegular();
        assertErrno(Errno.EINVAL, () -> o.indexTry(IndexFeatures.keyValue(8, 8)));
    }

    /** Key/value: the same EINVAL on a directory. */
    @Test
    void keyValueOnADirectoryFailsWithEinval() throws Exception {
        OsdObject o = createDir();
        assertErrno(Errno.EINVAL, () -> o.indexTry(IndexFeatures.keyValue(8, 8)));
    }

    /** "the sizes are compared by value": equal features built twice negotiate the same index. */
    @Test
    void equalFeaturesNegotiateTheSameIndex() throws Exception {
        OsdObject o = createIndex(IndexFeatures.keyValue(8, 24));
        KeyValueIndex first = o.indexTry(IndexFeatures.keyValue(8, 24));
        tx().insert(first, pattern(8, 1), pattern(24, 2)).run();
        KeyValueIndex second = o.indexTry(IndexFeatures.FLD);
        assertThat(second.lookup(pattern(8, 1))).isPresent();
        assertThat(second.size()).isEqualTo(1);
    }

    /** A negotiated index reports its object, its features and sizes. */
    @Test
    void negotiatedIndexReportsItsFeatures() throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(12, 40);
        OsdObject o = createIndex(f);
        KeyValueIndex kv = o.indexTry(f);
        assertThat(kv.features()).isEqualTo(f);
        assertThat(kv.keySize()).isEqualTo(12);
        assertThat(kv.recSize()).isEqualTo(40);
        assertThat(kv.object().fid()).isEqualTo(o.fid());
        DirectoryIndex d = dir(createDir());
        assertThat(d.features()).isEqualTo(IndexFeatures.DIRECTORY);
    }

    /** ACCOUNTING: "EINVAL on anything but the ACCT objects". */
    @Test
    void accountingOnAnOrdinaryObjectFailsWithEinval() throws Exception {
        assumeTrue(device.capabilities().quotaAccounting(), "quotaAccounting");
        OsdObject index = createIndex(IndexFeatures.keyValue(8, 16));
        assertErrno(Errno.EINVAL, () -> index.indexTry(IndexFeatures.ACCOUNTING));
        OsdObject missing = newObject();
        assertErrno(Errno.EINVAL, () -> missing.indexTry(IndexFeatures.ACCOUNTING));
    }

    private void assertRefused(Errno errno, IndexFeatures<KeyValueIndex> features) throws Exception {
        OsdObject missing = newObject();
        assertErrno(errno, () -> missing.indexTry(features));
    }
}

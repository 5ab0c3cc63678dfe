package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.XattrMode;
import org.junit.jupiter.api.Test;

/**
 * The object cache ({@code lu_site}, lu_object.c; reference 2.2, checklist 8.2): one live object
 * per FID, non-existing objects dropped on last release, destroyed objects never handed out
 * again. Identity is compared behind the kit's own wrappers ({@link #identityOf}).
 */
public abstract class ObjectCacheConformance extends OsdTestCase {

    /** "while any reference is held, every find of the same FID ... returns the same object". */
    @Test
    void findsWhileReferencedShareTheObject() throws Exception {
        OsdObject a = createRegular();
        OsdObject b = find(a.fid());
        assertThat(identityOf(b)).isSameAs(identityOf(a));
    }

    /** The same for an object that does not exist: a create through one handle shows in the other. */
    @Test
    void missingObjectIsSharedWhileReferenced() throws Exception {
        Fid fid = newFid();
        OsdObject a = find(fid);
        OsdObject b = find(fid);
        assertThat(identityOf(b)).isSameAs(identityOf(a));
        tx().create(b, regAttr(), ObjectFormat.REGULAR).run();
        assertThat(a.exists()).isTrue();
        assertThat(a.fileType()).isEqualTo(FileMode.S_IFREG);
    }

    /** "An object that does not exist is dropped from the cache when its last reference is released." */
    @Test
    void missingObjectIsDroppedOnLastRelease() throws Exception {
        Fid fid = newFid();
        Object first;
        try (OsdObject a = device.find(fid)) {
            first = identityOf(a);
        }
        try (OsdObject b = device.find(fid)) {
            assertThat(identityOf(b)).isNotSameAs(first);
            assertThat(b.exists()).isFalse();
        }
    }

    /** "after destroy, find of the FID returns a new object that does not exist, even while the destroyed one is still referenced". */
    @Test
    void destroyedObjectIsNeverHandedOutAgain() throws Exception {
        OsdObject old = createRegular(pattern(100, 1));
        tx().destroy(old).run();
        OsdObject fresh = find(old.fid());
        assertThat(identityOf(fresh)).isNotSameAs(identityOf(old));
        assertThat(fresh.exists()).isFalse();
        assertThat(old.exists()).isFalse();
    }

    /** A re-create through the new object works; the destroyed reference stays dead. */
    @Test
    void recreateAfterDestroyUsesTheNewObject() throws Exception {
        OsdObject old = createRegular(pattern(100, 2));
        tx().destroy(old).run();
        OsdObject fresh = find(old.fid());
        tx().create(fresh, new LuAttr().mode(FileMode.S_IFDIR | 0700), ObjectFormat.DIR).run();
        assertThat(fresh.exists()).isTrue();
        assertThat(fresh.fileType()).isEqualTo(FileMode.S_IFDIR);
        assertThat(old.exists()).as("the destroyed reference").isFalse();
        OsdObject third = find(old.fid());
        assertThat(identityOf(third)).isSameAs(identityOf(fresh));
        assertThat(dir(third).lookupFid(".")).isEqualTo(old.fid());
    }

    /** A destroyed and released object is gone for every later find. */
    @Test
    void destroyedAndReleasedObjectStaysGone() throws Exception {
        Fid fid = newFid();
        try (OsdObject o = device.find(fid)) {
            tx().create(o, regAttr(), ObjectFormat.REGULAR).run();
            tx().destroy(o).run();
        }
        device.purgeCache();
        try (OsdObject again = device.find(fid)) {
            assertThat(again.exists()).isFalse();
        }
    }

    /** purgeCache drops only objects "nobody references": a held object survives as the same instance. */
    @Test
    void purgeKeepsReferencedObjects() throws Exception {
        OsdObject held = createRegular(pattern(10, 3));
        device.purgeCache();
        OsdObject again = find(held.fid());
        assertThat(identityOf(again)).isSameAs(identityOf(held));
        assertThat(readAll(again)).isEqualTo(pattern(10, 3));
    }

    /** After release and purge, "the next find instantiates the object afresh", with all its state. */
    @Test
    void releasedObjectComesBackWithItsState() throws Exception {
        Fid fid = newFid();
        Object before;
        try (OsdObject o = device.find(fid)) {
            tx().create(o, regAttr().uid(31), ObjectFormat.REGULAR).write(o, 0, pattern(9000, 4))
                    .xattrSet(o, "user.k", utf8("v"), XattrMode.SET).run();
            before = identityOf(o);
        }
        device.purgeCache();
        try (OsdObject o = device.find(fid)) {
            assertThat(identityOf(o)).isNotSameAs(before);
            assertThat(o.exists()).isTrue();
            assertThat(o.fileType()).isEqualTo(FileMode.S_IFREG);
            assertThat(o.attrGet().uid()).isEqualTo(31);
            assertThat(readAll(o)).isEqualTo(pattern(9000, 4));
            assertThat(o.xattrGet("user.k")).isEqualTo(utf8("v"));
        }
    }

    /** Existing objects found again after release (without a purge) keep their data. */
    @Test
    void existingObjectFoundAgainKeepsItsData() throws Exception {
        Fid fid = newFid();
        try (OsdObject o = device.find(fid)) {
            tx().create(o, regAttr(), ObjectFormat.REGULAR).write(o, 0, pattern(500, 5)).run();
        }
        for (int i = 0; i < 3; i++) {
            try (OsdObject o = device.find(fid)) {
                assertThat(o.exists()).isTrue();
                assertThat(readAll(o)).isEqualTo(pattern(500, 5));
            }
        }
    }

    /** Different FIDs are different objects. */
    @Test
    void differentFidsAreDifferentObjects() throws Exception {
        OsdObject a = createRegular();
        OsdObject b = createRegular();
        assertThat(identityOf(a)).isNotSameAs(identityOf(b));
        assertThat(a.fid()).isNotEqualTo(b.fid());
    }
}

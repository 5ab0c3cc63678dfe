package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.ENTRY_PARAM;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A name's answer to lookup, create, mkdir ... ({@code struct fuse_entry_param}): the node id
 * the kernel will use for it, its generation, attributes, and how many seconds the kernel may
 * cache the attributes and the name (0: ask again every time, which keeps mounts coherent).
 */
public record Entry(long nodeId, long generation, Attributes attributes, double attrTimeout, double entryTimeout) {

    void writeTo(MemorySegment param) {
        param.asSlice(0, ENTRY_PARAM.byteSize()).fill((byte) 0);
        param.set(ValueLayout.JAVA_LONG, offset(ENTRY_PARAM, "ino"), nodeId);
        param.set(ValueLayout.JAVA_LONG, offset(ENTRY_PARAM, "generation"), generation);
        attributes.writeTo(param.asSlice(offset(ENTRY_PARAM, "attr")));
        param.set(ValueLayout.JAVA_DOUBLE, offset(ENTRY_PARAM, "attr_timeout"), attrTimeout);
        param.set(ValueLayout.JAVA_DOUBLE, offset(ENTRY_PARAM, "entry_timeout"), entryTimeout);
    }
}

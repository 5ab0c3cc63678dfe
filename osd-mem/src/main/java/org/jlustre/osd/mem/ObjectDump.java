package org.jlustre.osd.mem;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.FileMode;

/**
 * The object table dump of the seed's debugging aids: one line per existing object with its
 * FID, type, size, links, content and whether it is cached and referenced, sorted by FID.
 */
final class ObjectDump {

    private ObjectDump() {
    }

    static String render(MemDevice dev, int maxLines) {
        List<Inode> all = new ArrayList<>(dev.objectTable().all());
        all.sort((a, b) -> a.fid.compareTo(b.fid));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s %-5s %12s %6s %9s %-8s %s%n", "fid", "type", "size", "nlink", "blocks",
                "content", "cache"));
        int lines = 0;
        for (Inode i : all) {
            if (lines++ == maxLines) {
                sb.append("... ").append(all.size() - maxLines).append(" more objects\n");
                break;
            }
            String content = switch (i.kind) {
                case DIR -> "dir:" + i.dir().live();
                case INDEX -> i.kv() == null ? "acct" : "idx:" + i.kv().records.size();
                default -> i.pagesOrNull() == null ? "-" : "pages:" + i.pagesOrNull().pageCount();
            };
            MemObject cached = dev.cache().peek(i.fid);
            String cache = cached == null ? "-" : (cached.isReferenced() ? "held" : "cached") + " #"
                    + Integer.toHexString(cached.tracking);
            long blocks;
            int nlink;
            synchronized (i) {
                blocks = (i.charged + 511) >>> 9;
                nlink = i.nlink;
            }
            sb.append(String.format("%-28s %-5s %12d %6d %9d %-8s %s%n", i.fid, FileMode.typeName(i.mode), i.size, nlink,
                    blocks, content, cache));
        }
        return sb.toString();
    }
}

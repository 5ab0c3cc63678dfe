package org.jlustre.tools.mount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;

/**
 * What {@code mount -t lustre} takes as its device: {@code MGSNID[:MGSNID...]:/fsname}
 * (Lustre separates failover MGS NIDs with ':' or ','). A NID may carry the acceptor port as
 * {@code NID:PORT} when the MGS does not listen on 988 (a NID always has an '@', a port never).
 *
 * @param mgsNids the MGS's NIDs, first the primary
 * @param ports the acceptor port of those NIDs given one, by LNet NID
 * @param fsname the filesystem name
 */
record MountSource(List<Nid> mgsNids, Map<Long, Integer> ports, String fsname) {

    /** Parses {@code text}; IllegalArgumentException naming what is wrong with it. */
    static MountSource parse(String text) {
        int split = text.lastIndexOf(":/");
        if (split <= 0 || split + 2 >= text.length()) {
            throw new IllegalArgumentException("'" + text + "' is not MGSNID:/fsname");
        }
        String fsname = text.substring(split + 2);
        List<Nid> nids = new ArrayList<>();
        Map<Long, Integer> ports = new LinkedHashMap<>();
        for (String token : text.substring(0, split).split("[:,]")) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty MGS NID");
            }
            if (token.chars().allMatch(Character::isDigit)) {
                if (nids.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': port " + token + " follows no NID");
                }
                ports.put(nids.getLast().toLnetNid(), Integer.parseInt(token));
                continue;
            }
            try {
                nids.add(Nid.parse(token));
            } catch (LustreException e) {
                throw new IllegalArgumentException("'" + text + "': MGS NID '" + token + "': " + e.getMessage(), e);
            }
        }
        return new MountSource(List.copyOf(nids), Map.copyOf(ports), fsname);
    }
}

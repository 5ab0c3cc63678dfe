package org.jlustre.osd;

import org.jlustre.common.Fid;

/**
 * One declared update, as a transaction records it.
 *
 * @param type what will be done
 * @param fid to which object
 */
public record Declare(UpdateType type, Fid fid) {
}

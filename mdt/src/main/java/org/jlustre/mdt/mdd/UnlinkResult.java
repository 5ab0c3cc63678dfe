package org.jlustre.mdt.mdd;

/**
 * What an unlink (or a rename's replace) did to the object whose name went away.
 *
 * @param attr the object's attributes after the unlink (nlink 0 when its last name went)
 * @param orphan whether it was open and now waits in PENDING for its last close
 * @param destroyed whether it was destroyed (with its OST objects, through the layout layer)
 */
public record UnlinkResult(MdAttr attr, boolean orphan, boolean destroyed) {
}

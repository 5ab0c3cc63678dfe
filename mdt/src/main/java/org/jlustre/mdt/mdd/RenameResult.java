package org.jlustre.mdt.mdd;

/**
 * What a rename did.
 *
 * @param source the renamed object's attributes afterwards
 * @param replaced what happened to the object the target name had, or null when it had none
 *     (or when source and target were the same object)
 */
public record RenameResult(MdAttr source, UnlinkResult replaced) {
}

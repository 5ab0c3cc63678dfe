package org.jlustre.client;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LovUserMd;

/** Conversions between the API's {@link Layout} / {@link Striping} and the LOV EAs on the wire. */
final class Layouts {

    private Layouts() {
    }

    /** A file's layout or a directory's default from the LOV EA the MDT returned. */
    static Layout of(LovMdsMd md) throws LustreException {
        List<Layout.StripeObject> objects = new ArrayList<>();
        for (LovOstData d : md.objects()) {
            objects.add(new Layout.StripeObject(d.ostIndex(), d.oi().toFid(d.ostIndex())));
        }
        if (objects.isEmpty()) {
            // a default: lmm_layout_gen holds the offset, 0xffff counts mean "every OST"
            int count = md.stripeCount() == LovMdsMd.LOV_ALL_STRIPES ? -1 : md.stripeCount();
            int offset = md.layoutGen() == LovMdsMd.STRIPE_OFFSET_ANY ? -1 : md.layoutGen();
            return new Layout(md.pattern(), md.stripeSize(), count, offset, 0, md.poolName(), objects);
        }
        return new Layout(md.pattern(), md.stripeSize(), objects.size(), objects.getFirst().ostIndex(), md.layoutGen(),
                md.poolName(), objects);
    }

    /** The {@code lov_user_md} of a striping request, or null for "all default". */
    static byte[] userMd(Striping s) {
        return s.isDefault() ? null : userMdAlways(s);
    }

    /** The {@code lov_user_md} of a striping request; all default is how {@code lfs setstripe -d} deletes one. */
    static byte[] userMdAlways(Striping s) {
        int count = s.stripeCount() == -1 ? LovMdsMd.LOV_ALL_STRIPES : s.stripeCount();
        int offset = s.stripeOffset() == -1 ? LovMdsMd.STRIPE_OFFSET_ANY : s.stripeOffset();
        return LovUserMd.of(s.stripeSize(), count, offset, s.pool()).toBytes();
    }
}

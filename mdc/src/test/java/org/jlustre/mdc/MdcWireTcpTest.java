package org.jlustre.mdc;

import org.jlustre.testing.Nodes;

/** {@link MdcWireTest} over socklnd on TCP loopback: the same bytes, bulk readdir through sockets. */
class MdcWireTcpTest extends MdcWireTest {

    @Override
    Nodes.Driver driver() {
        return Nodes.Driver.TCP;
    }
}

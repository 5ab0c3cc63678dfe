/** Plain and catalog llogs on the OSD API. */
package org.jlustre.llog;

#include "CXMLShim.h"
#include <libxml/xmlversion.h>

const char *ffxml_libxml_version(void) { return LIBXML_DOTTED_VERSION; }

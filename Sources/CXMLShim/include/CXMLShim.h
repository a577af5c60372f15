#ifndef CXMLSHIM_H
#define CXMLSHIM_H
/* Opaque-handle C interface over libxml2. Every #include <libxml/...> lives in CXMLShim.c:
   importing libxml2 headers into a Swift module that also imports Foundation clashes on ICU types. */

/** Version string of the libxml2 library linked at run time. */
const char *ffxml_libxml_version(void);

#endif

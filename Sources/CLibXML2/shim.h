// libxml2's HTML parser and tree API, for extracting readable text from HTML sources.
//
// Debian builds libxml2 with ICU, so <libxml/encoding.h> would pull in the system's <unicode/ucnv.h>, whose
// declarations clash with the copy of ICU inside Foundation (_FoundationICU) in any module that imports both.
// Pledger never touches the ICU members of xmlCharEncodingHandler (only whole documents and nodes), so the ICU
// include is switched off here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

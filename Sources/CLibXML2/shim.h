// libxml2's HTML parser and tree API, for extracting readable text from HTML sources.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

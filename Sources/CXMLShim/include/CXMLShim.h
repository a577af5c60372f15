#ifndef CXMLSHIM_H
#define CXMLSHIM_H
/* Opaque-handle C interface over libxml2. Every #include <libxml/...> lives in CXMLShim.c:
   importing libxml2 headers into a Swift module that also imports Foundation clashes on ICU types.
   Strings are UTF-8 and NUL-terminated. Borrowed strings live as long as their document. */

#include <stddef.h>

/** A libxml2 document (xmlDoc). Owned by the caller; free with ffxml_doc_free. */
typedef struct ffxml_doc ffxml_doc;
/** A node of a document (xmlNode). Borrowed: lives as long as its document. */
typedef struct ffxml_node ffxml_node;
/** An attribute of an element (xmlAttr). Borrowed: lives as long as its document. */
typedef struct ffxml_attr ffxml_attr;
/** Problems reported while parsing, in the order reported. Owned; free with ffxml_diags_free. */
typedef struct ffxml_diags ffxml_diags;
/** A streaming writer (xmlTextWriter) into memory. Owned; free with ffxml_writer_free. */
typedef struct ffxml_writer ffxml_writer;

/** Node kinds returned by ffxml_node_kind. */
enum {
    FFXML_NODE_OTHER = 0,
    FFXML_NODE_ELEMENT = 1,
    FFXML_NODE_TEXT = 2,
    FFXML_NODE_CDATA = 3,
    FFXML_NODE_COMMENT = 4,
    FFXML_NODE_ENTITY_REF = 5
};

/** Serialisation options for ffxml_serialize. */
enum {
    FFXML_SAVE_NO_DECLARATION = 1, /* omit <?xml ...?> */
    FFXML_SAVE_PRETTY = 2,         /* indent */
    FFXML_SAVE_AS_HTML = 4         /* HTML serialisation rules */
};

/** Version string of the libxml2 library linked at run time. */
const char *ffxml_libxml_version(void);

/** Frees memory that libxml2 allocated and this interface handed out (ffxml_serialize, ffxml_attr_value). */
void ffxml_free(void *pointer);

/* ---- diagnostics ---- */

/** A new, empty diagnostics list. */
ffxml_diags *ffxml_diags_new(void);
/** Frees a diagnostics list and its messages. */
void ffxml_diags_free(ffxml_diags *diags);
/** Number of problems collected. */
int ffxml_diags_count(const ffxml_diags *diags);
/** The i-th problem: line/column (0 when unknown), level (1 warning, 2 error, 3 fatal), libxml2 domain and code,
    and the message (borrowed, trailing newline removed). */
void ffxml_diags_get(const ffxml_diags *diags, int index, int *line, int *column, int *level, int *domain, int *code,
                     const char **message);
/** libxml2's code for "Tag x invalid" (an element the HTML 4 parser does not know, e.g. HTML5's nav or svg). */
int ffxml_code_html_unknown_tag(void);

/* ---- parsing ---- */

/** Parses XML without network access and without entity substitution; problems go to diags. NULL when it failed. */
ffxml_doc *ffxml_parse_xml(const char *bytes, size_t length, const char *url, ffxml_diags *diags);
/** Parses HTML with libxml2's HTML parser without network access; it recovers, problems go to diags. */
ffxml_doc *ffxml_parse_html(const char *bytes, size_t length, const char *url, ffxml_diags *diags);

/* ---- building ---- */

/** A new, empty XML 1.0 document. */
ffxml_doc *ffxml_doc_new(void);
/** Frees a document and all its nodes. NULL is ignored. */
void ffxml_doc_free(ffxml_doc *doc);
/** Creates the root element. */
ffxml_node *ffxml_doc_set_root(ffxml_doc *doc, const char *name);
/** Appends a child element; it inherits the parent's namespace. */
ffxml_node *ffxml_node_add_element(ffxml_node *parent, const char *name);
/** Puts the element in the namespace href, declaring it (as the default namespace) unless already in scope. */
int ffxml_node_set_namespace(ffxml_node *node, const char *href);
/** Sets an attribute; the value is stored as text and escaped when serialised. */
int ffxml_node_set_attr(ffxml_node *node, const char *name, const char *value);
/** Appends a text node; the text is escaped when serialised. */
int ffxml_node_add_text(ffxml_node *node, const char *text);
/** Appends a comment. */
int ffxml_node_add_comment(ffxml_node *node, const char *text);
/** 1 when name is a valid XML name. */
int ffxml_valid_name(const char *name);

/** Serialises the document (node == NULL) or one element subtree as UTF-8. Returns a buffer to free with ffxml_free
    and its length, or NULL on failure. */
char *ffxml_serialize(ffxml_doc *doc, ffxml_node *node, int options, size_t *length);

/* ---- writing without a tree ---- */

/** A new writer with an empty buffer, or NULL. */
ffxml_writer *ffxml_writer_new(void);
/** Frees a writer and its buffer. NULL is ignored. */
void ffxml_writer_free(ffxml_writer *writer);
/** Opens an element. Returns 0 on failure. */
int ffxml_writer_start(ffxml_writer *writer, const char *name);
/** Adds an attribute to the element just opened; libxml2 escapes the value. Returns 0 on failure. */
int ffxml_writer_attr(ffxml_writer *writer, const char *name, const char *value);
/** Writes text into the open element; libxml2 escapes it. Returns 0 on failure. */
int ffxml_writer_text(ffxml_writer *writer, const char *text);
/** Closes the innermost open element: `<x/>` when it is empty, unless full is 1 (`<x></x>`). Returns 0 on failure. */
int ffxml_writer_end(ffxml_writer *writer, int full);
/** Flushes the writer and returns what it wrote so far (borrowed until the next call) and its length, or NULL. */
const char *ffxml_writer_content(ffxml_writer *writer, size_t *length);

/* ---- walking ---- */

/** The root element, or NULL. */
ffxml_node *ffxml_doc_root(ffxml_doc *doc);
/** First child node, or NULL. */
ffxml_node *ffxml_node_first_child(ffxml_node *node);
/** Next sibling node, or NULL. */
ffxml_node *ffxml_node_next(ffxml_node *node);
/** One of the FFXML_NODE_ kinds. */
int ffxml_node_kind(ffxml_node *node);
/** Element name (borrowed), or the entity name of an entity reference. */
const char *ffxml_node_name(ffxml_node *node);
/** Namespace URI of the element (borrowed), or NULL. */
const char *ffxml_node_namespace(ffxml_node *node);
/** Content of a text, CDATA or comment node (borrowed), or NULL. */
const char *ffxml_node_content(ffxml_node *node);
/** Line of the node in the parsed input (1-based), or 0. */
long ffxml_node_line(ffxml_node *node);
/** First attribute of an element, or NULL. */
ffxml_attr *ffxml_node_first_attr(ffxml_node *node);
/** Next attribute, or NULL. */
ffxml_attr *ffxml_attr_next(ffxml_attr *attr);
/** Attribute name with its namespace prefix when it has one ("xlink:href"); free with ffxml_free. */
char *ffxml_attr_name(ffxml_attr *attr);
/** Attribute value, entities not substituted; free with ffxml_free. */
char *ffxml_attr_value(ffxml_attr *attr);

#endif

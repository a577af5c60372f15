#include "CXMLShim.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlversion.h>
#include <libxml/xmlwriter.h>

const char *ffxml_libxml_version(void) { return LIBXML_DOTTED_VERSION; }

void ffxml_free(void *pointer) {
    if (pointer != NULL) xmlFree(pointer);
}

/* ---- diagnostics ---- */

typedef struct {
    int line, column, level, domain, code;
    char *message;
} ffxml_diag;

struct ffxml_diags {
    ffxml_diag *items;
    int count, capacity;
};

ffxml_diags *ffxml_diags_new(void) { return calloc(1, sizeof(ffxml_diags)); }

void ffxml_diags_free(ffxml_diags *diags) {
    if (diags == NULL) return;
    for (int i = 0; i < diags->count; i++) free(diags->items[i].message);
    free(diags->items);
    free(diags);
}

int ffxml_diags_count(const ffxml_diags *diags) { return diags == NULL ? 0 : diags->count; }

void ffxml_diags_get(const ffxml_diags *diags, int index, int *line, int *column, int *level, int *domain, int *code,
                     const char **message) {
    const ffxml_diag *d = &diags->items[index];
    *line = d->line;
    *column = d->column;
    *level = d->level;
    *domain = d->domain;
    *code = d->code;
    *message = d->message;
}

int ffxml_code_html_unknown_tag(void) { return XML_HTML_UNKNOWN_TAG; }

static void ffxml_collect(void *context, xmlErrorPtr error) {
    ffxml_diags *diags = context;
    if (diags == NULL || error == NULL) return;
    if (diags->count == diags->capacity) {
        int capacity = diags->capacity == 0 ? 8 : diags->capacity * 2;
        ffxml_diag *items = realloc(diags->items, (size_t)capacity * sizeof(ffxml_diag));
        if (items == NULL) return;
        diags->items = items;
        diags->capacity = capacity;
    }
    ffxml_diag *d = &diags->items[diags->count];
    d->line = error->line;
    d->column = error->int2; /* libxml2 keeps the column in int2 for parser errors */
    d->level = (int)error->level;
    d->domain = error->domain;
    d->code = error->code;
    const char *text = error->message != NULL ? error->message : "unknown error";
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r')) length--;
    d->message = malloc(length + 1);
    if (d->message == NULL) return;
    memcpy(d->message, text, length);
    d->message[length] = '\0';
    diags->count++;
}

static void ffxml_silent(void *context, const char *format, ...) {
    (void)context;
    (void)format;
}

/* ---- parsing ---- */

ffxml_doc *ffxml_parse_xml(const char *bytes, size_t length, const char *url, ffxml_diags *diags) {
    if (length > INT_MAX) return NULL;
    xmlSetStructuredErrorFunc(diags, ffxml_collect);
    xmlSetGenericErrorFunc(NULL, ffxml_silent);
    xmlDocPtr doc = xmlReadMemory(bytes, (int)length, url, NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    return (ffxml_doc *)doc;
}

ffxml_doc *ffxml_parse_html(const char *bytes, size_t length, const char *url, ffxml_diags *diags) {
    if (length > INT_MAX) return NULL;
    xmlSetStructuredErrorFunc(diags, ffxml_collect);
    xmlSetGenericErrorFunc(NULL, ffxml_silent);
    htmlDocPtr doc = htmlReadMemory(bytes, (int)length, url, "UTF-8", HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    return (ffxml_doc *)doc;
}

/* ---- building ---- */

ffxml_doc *ffxml_doc_new(void) { return (ffxml_doc *)xmlNewDoc(BAD_CAST "1.0"); }

void ffxml_doc_free(ffxml_doc *doc) {
    if (doc != NULL) xmlFreeDoc((xmlDocPtr)doc);
}

ffxml_node *ffxml_doc_set_root(ffxml_doc *doc, const char *name) {
    xmlNodePtr root = xmlNewDocNode((xmlDocPtr)doc, NULL, BAD_CAST name, NULL);
    if (root == NULL) return NULL;
    xmlDocSetRootElement((xmlDocPtr)doc, root);
    return (ffxml_node *)root;
}

ffxml_node *ffxml_node_add_element(ffxml_node *parent, const char *name) {
    /* content NULL: xmlNewChild would parse entity references in content. */
    return (ffxml_node *)xmlNewChild((xmlNodePtr)parent, NULL, BAD_CAST name, NULL);
}

int ffxml_node_set_namespace(ffxml_node *node, const char *href) {
    xmlNodePtr element = (xmlNodePtr)node;
    xmlNsPtr ns = xmlSearchNsByHref(element->doc, element, BAD_CAST href);
    if (ns == NULL || ns->prefix != NULL) ns = xmlNewNs(element, BAD_CAST href, NULL);
    if (ns == NULL) return 0;
    xmlSetNs(element, ns);
    return 1;
}

int ffxml_node_set_attr(ffxml_node *node, const char *name, const char *value) {
    /* xmlSetProp stores the value as a text node (no entity parsing); it is escaped on output. */
    return xmlSetProp((xmlNodePtr)node, BAD_CAST name, BAD_CAST value) != NULL;
}

int ffxml_node_add_text(ffxml_node *node, const char *text) {
    xmlNodePtr element = (xmlNodePtr)node;
    xmlNodePtr child = xmlNewDocText(element->doc, BAD_CAST text);
    if (child == NULL) return 0;
    return xmlAddChild(element, child) != NULL;
}

int ffxml_node_add_comment(ffxml_node *node, const char *text) {
    xmlNodePtr element = (xmlNodePtr)node;
    xmlNodePtr child = xmlNewDocComment(element->doc, BAD_CAST text);
    if (child == NULL) return 0;
    return xmlAddChild(element, child) != NULL;
}

int ffxml_valid_name(const char *name) { return xmlValidateName(BAD_CAST name, 0) == 0; }

char *ffxml_serialize(ffxml_doc *doc, ffxml_node *node, int options, size_t *length) {
    xmlBufferPtr buffer = xmlBufferCreate();
    if (buffer == NULL) return NULL;
    int saveOptions = 0;
    if (options & FFXML_SAVE_NO_DECLARATION) saveOptions |= XML_SAVE_NO_DECL;
    if (options & FFXML_SAVE_PRETTY) saveOptions |= XML_SAVE_FORMAT;
    if (options & FFXML_SAVE_AS_HTML) saveOptions |= XML_SAVE_AS_HTML;
    xmlSaveCtxtPtr save = xmlSaveToBuffer(buffer, "UTF-8", saveOptions);
    if (save == NULL) {
        xmlBufferFree(buffer);
        return NULL;
    }
    long written = node != NULL ? xmlSaveTree(save, (xmlNodePtr)node) : xmlSaveDoc(save, (xmlDocPtr)doc);
    xmlSaveClose(save);
    if (written < 0) {
        xmlBufferFree(buffer);
        return NULL;
    }
    size_t size = (size_t)xmlBufferLength(buffer);
    char *result = xmlMalloc(size + 1);
    if (result != NULL) {
        memcpy(result, xmlBufferContent(buffer), size);
        result[size] = '\0';
        *length = size;
    }
    xmlBufferFree(buffer);
    return result;
}

/* ---- writing without a tree ---- */

struct ffxml_writer {
    xmlBufferPtr buffer;
    xmlTextWriterPtr writer;
};

ffxml_writer *ffxml_writer_new(void) {
    ffxml_writer *result = calloc(1, sizeof(ffxml_writer));
    if (result == NULL) return NULL;
    result->buffer = xmlBufferCreate();
    result->writer = result->buffer == NULL ? NULL : xmlNewTextWriterMemory(result->buffer, 0);
    if (result->writer == NULL) {
        ffxml_writer_free(result);
        return NULL;
    }
    return result;
}

void ffxml_writer_free(ffxml_writer *writer) {
    if (writer == NULL) return;
    if (writer->writer != NULL) xmlFreeTextWriter(writer->writer);
    if (writer->buffer != NULL) xmlBufferFree(writer->buffer);
    free(writer);
}

int ffxml_writer_start(ffxml_writer *writer, const char *name) {
    return xmlTextWriterStartElement(writer->writer, BAD_CAST name) >= 0;
}

int ffxml_writer_attr(ffxml_writer *writer, const char *name, const char *value) {
    return xmlTextWriterWriteAttribute(writer->writer, BAD_CAST name, BAD_CAST value) >= 0;
}

int ffxml_writer_text(ffxml_writer *writer, const char *text) {
    return xmlTextWriterWriteString(writer->writer, BAD_CAST text) >= 0;
}

int ffxml_writer_end(ffxml_writer *writer, int full) {
    int result = full ? xmlTextWriterFullEndElement(writer->writer) : xmlTextWriterEndElement(writer->writer);
    return result >= 0;
}

const char *ffxml_writer_content(ffxml_writer *writer, size_t *length) {
    if (xmlTextWriterFlush(writer->writer) < 0) return NULL;
    *length = (size_t)xmlBufferLength(writer->buffer);
    return (const char *)xmlBufferContent(writer->buffer);
}

/* ---- walking ---- */

ffxml_node *ffxml_doc_root(ffxml_doc *doc) { return (ffxml_node *)xmlDocGetRootElement((xmlDocPtr)doc); }

ffxml_node *ffxml_node_first_child(ffxml_node *node) { return (ffxml_node *)((xmlNodePtr)node)->children; }

ffxml_node *ffxml_node_next(ffxml_node *node) { return (ffxml_node *)((xmlNodePtr)node)->next; }

int ffxml_node_kind(ffxml_node *node) {
    switch (((xmlNodePtr)node)->type) {
    case XML_ELEMENT_NODE: return FFXML_NODE_ELEMENT;
    case XML_TEXT_NODE: return FFXML_NODE_TEXT;
    case XML_CDATA_SECTION_NODE: return FFXML_NODE_CDATA;
    case XML_COMMENT_NODE: return FFXML_NODE_COMMENT;
    case XML_ENTITY_REF_NODE: return FFXML_NODE_ENTITY_REF;
    default: return FFXML_NODE_OTHER;
    }
}

const char *ffxml_node_name(ffxml_node *node) { return (const char *)((xmlNodePtr)node)->name; }

const char *ffxml_node_namespace(ffxml_node *node) {
    xmlNsPtr ns = ((xmlNodePtr)node)->ns;
    return ns == NULL ? NULL : (const char *)ns->href;
}

const char *ffxml_node_content(ffxml_node *node) { return (const char *)((xmlNodePtr)node)->content; }

long ffxml_node_line(ffxml_node *node) { return xmlGetLineNo((xmlNodePtr)node); }

ffxml_attr *ffxml_node_first_attr(ffxml_node *node) {
    xmlNodePtr element = (xmlNodePtr)node;
    return element->type == XML_ELEMENT_NODE ? (ffxml_attr *)element->properties : NULL;
}

ffxml_attr *ffxml_attr_next(ffxml_attr *attr) { return (ffxml_attr *)((xmlAttrPtr)attr)->next; }

char *ffxml_attr_name(ffxml_attr *attr) {
    xmlAttrPtr a = (xmlAttrPtr)attr;
    if (a->ns != NULL && a->ns->prefix != NULL) {
        xmlChar *name = xmlStrdup(a->ns->prefix);
        name = xmlStrcat(name, BAD_CAST ":");
        return (char *)xmlStrcat(name, a->name);
    }
    return (char *)xmlStrdup(a->name);
}

char *ffxml_attr_value(ffxml_attr *attr) {
    /* Entity references stay as "&name;": nothing is ever expanded. */
    xmlChar *value = xmlStrdup(BAD_CAST "");
    for (xmlNodePtr child = ((xmlAttrPtr)attr)->children; child != NULL && value != NULL; child = child->next) {
        if (child->type == XML_TEXT_NODE && child->content != NULL) {
            value = xmlStrcat(value, child->content);
        } else if (child->type == XML_ENTITY_REF_NODE) {
            value = xmlStrcat(value, BAD_CAST "&");
            value = xmlStrcat(value, child->name);
            value = xmlStrcat(value, BAD_CAST ";");
        }
    }
    return (char *)value;
}

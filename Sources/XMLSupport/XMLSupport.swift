import CXMLShim

/// libxml2 as seen from Swift: documents, serialisation, HTML parsing.
public enum XMLSupport {
    /// The libxml2 version the tool was built against.
    public static var libxmlVersion: String { String(cString: ffxml_libxml_version()) }
}

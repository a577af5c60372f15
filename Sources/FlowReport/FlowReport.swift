import FlowCore

/// The static site: page models, templates, SVG drawing, writer, link checker.
public enum FlowReport {}

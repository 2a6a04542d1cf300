//! The Attrib web app.

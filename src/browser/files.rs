//! (in progress) File reading, downloads and the clipboard.

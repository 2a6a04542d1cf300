//! (in progress) HTML reduced to text.

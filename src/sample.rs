//! The built-in sample article, embedded in the app so it works offline and on
//! first start.

/// A real news story with quotes from several speakers.
pub(crate) const SAMPLE_ARTICLE: &str = include_str!("../static/sample-article.txt");

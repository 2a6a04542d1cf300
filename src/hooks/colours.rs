//! The label schema's colours on the page: whenever the schema's colours
//! change, the custom properties the colour classes read (`--t0`,
//! `--t0s`, …; see `view::COLOUR_CLASSES`) are set on the root element,
//! and those of slots no longer used are removed.

use yew::prelude::*;

use crate::browser::style::set_root_properties;
use crate::view::{colour_properties, COLOUR_CLASSES};

/// Keeps the page's colour properties in step with `schema`'s colours.
#[hook]
pub(crate) fn use_schema_colours(schema: &attrib_core::model::Schema) {
    let properties = colour_properties(schema);
    use_effect_with(properties, |properties| {
        let used = properties.len() / 2;
        let gone: Vec<String> = (used..COLOUR_CLASSES.len())
            .flat_map(|slot| [format!("--t{slot}"), format!("--t{slot}s")])
            .collect();
        set_root_properties(properties, &gone);
    });
}

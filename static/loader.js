// Starts Attrib: loads the app's JavaScript glue and its WebAssembly, whose
// file names (with their content hashes) Trunk writes into this script
// tag's data attributes (`pattern_script` in Trunk.toml). It is a file of
// its own rather than Trunk's inline loader so that the
// Content-Security-Policy in index.html can refuse every inline script.
const tag = document.querySelector("script[data-attrib-js]");
const glue = await import(tag.dataset.attribJs);
await glue.default({ module_or_path: tag.dataset.attribWasm });

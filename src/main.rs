//! Entry point of the Attrib single-page app: mounts the root component.

fn main() {
    attrib_web::run();
}

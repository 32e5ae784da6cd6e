//! Link flags of the app's wasm binary. `--emit-relocs` keeps the linker's relocations in
//! `procura.wasm`: `scripts/split-wasm` needs them to cut the module into the start module and
//! the chunks of the screens loaded on demand (see `src/pages/lazy.rs`). Given to the bin only,
//! so the dependencies' builds are unchanged, and to release builds only: debug builds are not
//! split.

fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rustc-link-arg-bin=procura=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

//! The `acwh` binary: everything happens in [`acwh::run`].

// The catcher allocates a little for every request (decoded pairs, the tree, the rendering);
// mimalloc makes that markedly cheaper than glibc's allocator under concurrent load.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    acwh::run()
}

# Sourced by the run and test scripts: tools on PATH, and browser litter kept inside target/.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export PROCURA_TMP="$PWD/target/tmp"
mkdir -p "$PROCURA_TMP/xdg"
# Each WebDriver session leaves ~50 MB in TMPDIR; keep it where `cargo clean` finds it.
export TMPDIR="$PROCURA_TMP" XDG_CONFIG_HOME="$PROCURA_TMP/xdg"

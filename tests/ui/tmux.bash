# SPDX-License-Identifier: GPL-3.0-or-later
# tmux.bash — shared by the real-terminal tests (sourced after ../lib.sh; not a test itself).
#   tmux_start NAME   use a private tmux server (socket gopy-NAME-PID, no config file), killed
#                     and $T removed at exit; a test that needs more at exit sets its own trap
#                     and calls tm kill-server in it
#   tm ARGS...        tmux on that server
#   screen            the text of the pane (window t)
#   shows TEXT        does the pane show TEXT now?
#   poll CMD...       retry CMD every 50 ms until it succeeds, for up to 10 s
#   wait_for TEXT [S] poll the pane until it shows TEXT, for up to S seconds (10)
tmux_start() {
	SOCK=gopy-$1-$$
	trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
}
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t t 2>/dev/null; }
shows() { case "$(screen)" in *"$1"*) return 0 ;; esac; return 1; }
poll() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
wait_for() {
	local i n=$(( ${2:-10} * 20 ))
	for ((i = 0; i < n; i++)); do
		shows "$1" && return 0
		sleep 0.05
	done
	return 1
}

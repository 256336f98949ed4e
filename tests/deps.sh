#!/bin/sh
# deps.sh MODE PACKAGE...: make sure Debian packages are installed.
#
# MODE "build": the packages are needed to compile; a missing one stops the
# build. MODE "check": the packages are test oracles and peers (tcpdump,
# named, minisign...); tests that need a missing one skip with a message.
# As root with apt-get available the missing packages are installed;
# otherwise the exact command to run is printed.
mode=$1; shift
command -v dpkg-query >/dev/null 2>&1 || {
	[ "$mode" = build ] && echo "deps: not a Debian system; make sure these are installed: $*" >&2
	exit 0
}
missing=
for p in "$@"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in *"ok installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	if apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null; then
		exit 0
	fi
	echo "deps: apt-get could not install$missing" >&2
	[ "$mode" = build ] && exit 1
	exit 0
fi
if [ "$mode" = build ]; then
	echo "deps: missing Debian packages needed to build custody. Run:" >&2
	echo "    sudo apt-get install$missing" >&2
	exit 1
fi
echo "deps: tests that need these will skip; to run them:  sudo apt-get install$missing" >&2
exit 0

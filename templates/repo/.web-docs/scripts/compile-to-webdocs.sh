#!/bin/sh
# Builds the integration-portal copy of the plugin docs in .web-docs/.
#
# Usage: compile-to-webdocs.sh <rendered-docs-dir> <web-docs-dir> <github-org> <plugin-name>
#
# <rendered-docs-dir> is the output of
#   packer-sdc renderdocs -src docs -partials docs-partials/ -dst <rendered-docs-dir>
# so every `@include` is already resolved. `make generate` runs both steps.
#
# What it writes:
#   <web-docs-dir>/README.md                               copy of <rendered-docs-dir>/README.md
#   <web-docs-dir>/components/<type>/<slug>/README.md      one per <rendered-docs-dir>/<folder>/<slug>.mdx
#
# <folder> is builders, provisioners, post-processors or datasources; <type> is
# the matching integration component type (builder, provisioner, post-processor,
# data-source). index.mdx files are skipped. Each page loses its YAML front matter
# and its H1 title (the portal shows its own), and links to this plugin's pages in
# the old /packer/plugins/... layout are rewritten to their integration addresses.
# <web-docs-dir>/components is rebuilt from scratch, so removed pages disappear.

set -eu

program=$(basename "$0")

die() {
	printf '%s: error: %s\n' "$program" "$*" >&2
	exit 1
}

[ "$#" -eq 4 ] || die "expected 4 arguments, got $#
usage: $program <rendered-docs-dir> <web-docs-dir> <github-org> <plugin-name>"

docs_dir=${1%/}
web_dir=${2%/}
org=$3
plugin=$4

# Both names end up in sed expressions and URLs: accept only the characters
# GitHub owners and Packer plugin names may contain.
printf '%s\n' "$org" | grep -Eq '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$' ||
	die "invalid GitHub org: '$org'"
printf '%s\n' "$plugin" | grep -Eq '^[a-z0-9]+(-[a-z0-9]+)*$' ||
	die "invalid plugin name: '$plugin' (lowercase letters, digits and single dashes)"

[ -d "$docs_dir" ] || die "rendered docs directory not found: $docs_dir"
[ -f "$docs_dir/README.md" ] || die "missing $docs_dir/README.md"
[ -d "$web_dir" ] || die "web-docs directory not found: $web_dir"
[ -f "$web_dir/metadata.hcl" ] || die "$web_dir/metadata.hcl not found; is $web_dir the .web-docs directory?"

# Sets ctype to the integration component type for a docs folder name.
component_type() {
	case $1 in
	builders) ctype=builder ;;
	provisioners) ctype=provisioner ;;
	post-processors) ctype=post-processor ;;
	datasources) ctype=data-source ;;
	*) return 1 ;;
	esac
}

# sed program rewriting links to this plugin's pages:
#   /packer/plugins/<folder>/<plugin>/<slug>  -> /packer/integrations/<org>/<plugin>/latest/components/<type>/<slug>
#   /packer/plugins/<folder>/<plugin>         -> same, with <slug> = <plugin> (the component named after the plugin)
# Anchors (#...) are kept. Links to other plugins are left alone.
link_rewrites=
for folder in builders provisioners post-processors datasources; do
	component_type "$folder"
	from="/packer/plugins/$folder/$plugin"
	to="/packer/integrations/$org/$plugin/latest/components/$ctype"
	link_rewrites="$link_rewrites
s#$from/([a-z0-9-]+)#$to/\\1#g
s#$from([^A-Za-z0-9_/-]|\$)#$to/$plugin\\1#g"
done

# Prints a rendered .mdx page without its front matter and H1, with blank lines
# right after either removed. Fails on front matter that is never closed.
strip_page() {
	awk '
		{ line = $0; sub(/\r$/, "", line) }
		state == "start" {
			if (line == "---") { state = "front"; next }
			state = "head"
		}
		state == "front" {
			if (line == "---") state = "head"
			next
		}
		state == "head" {
			if (line ~ /^[ \t]*$/) next
			if (line ~ /^# /) { state = "after_title"; next }
			state = "body"
		}
		state == "after_title" {
			if (line ~ /^[ \t]*$/) next
			state = "body"
		}
		{ print; printed = 1 }
		END {
			if (state == "front") { print "unclosed front matter" > "/dev/stderr"; exit 2 }
			if (!printed) { print "no content after front matter and title" > "/dev/stderr"; exit 3 }
		}
	' state=start "$1"
}

# Build the pages in a scratch directory first so that a failure leaves the
# existing .web-docs untouched.
work="$web_dir/.components.$$"
mkdir "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# Each page's folder is made first, all with one mkdir, then each page is
# written: the fewer programs started per page, the faster a plugin of many
# components compiles.
pages=0
set --
for dir in "$docs_dir"/*/; do
	[ -d "$dir" ] || continue
	folder=${dir%/}
	folder=${folder##*/}
	component_type "$folder" ||
		die "unexpected folder '$folder' in $docs_dir (expected builders, provisioners, post-processors or datasources)"
	for page in "$dir"*.mdx; do
		[ -f "$page" ] || continue
		slug=${page##*/}
		slug=${slug%.mdx}
		[ "$slug" = index ] && continue
		set -- "$@" "$page"
	done
done
[ "$#" -gt 0 ] || die "no component pages found in $docs_dir"

# Sets target to the folder a page goes to: <work>/<type>/<slug>.
page_dir() {
	folder=${1%/*}
	component_type "${folder##*/}"
	slug=${1##*/}
	target=$work/$ctype/${slug%.mdx}
}

# All the folders at once.
dirs=
for page in "$@"; do
	page_dir "$page"
	dirs="$dirs$target
"
done
printf '%s' "$dirs" | tr '\n' '\0' | xargs -0 mkdir -p

for page in "$@"; do
	page_dir "$page"
	body=$(strip_page "$page") || die "cannot process $page"
	printf '%s\n' "$body" | sed -E "$link_rewrites" >"$target/README.md"
	pages=$((pages + 1))
done

cp "$docs_dir/README.md" "$web_dir/README.md"
rm -rf "$web_dir/components"
mv "$work" "$web_dir/components"
printf 'Compiled %s component page(s) into %s\n' "$pages" "$web_dir"

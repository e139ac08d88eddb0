#!/usr/bin/env bash
# Generate Go code from protos/ with the stock protoc-gen-go and protoc-gen-go-grpc, and build the
# example client against the Go libraries the distribution packages (Debian: golang-go,
# protobuf-compiler, protoc-gen-go, protoc-gen-go-grpc, golang-google-grpc-dev), offline.
#
#   clients/go/build.sh OUT_DIR      → OUT_DIR/cityscore-contract
#
# The generated packages land where their go_package option puts them, under OUT_DIR/gopath/src,
# and the build runs in GOPATH mode with Debian's /usr/share/gocode behind it, so nothing is
# downloaded. With Go modules instead: put the generated tree in a module of your own and
# `go get google.golang.org/grpc google.golang.org/protobuf`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
src="$out/gopath/src"
mkdir -p "$src"

protos=()
while IFS= read -r file; do protos+=("$file"); done \
  < <(cd "$root/protos" && find cityscore -name '*.proto' | sort)
# protoc finds google/protobuf/*.proto in its own include directory.
protoc -I "$root/protos" --go_out="$src" --go-grpc_out="$src" "${protos[@]}"

export GO111MODULE=off GOFLAGS= GOPROXY=off
export GOPATH="$out/gopath:${DEBIAN_GOCODE:-/usr/share/gocode}"

go vet "$here/main.go"
go build -o "$out/cityscore-contract" "$here/main.go"
echo "built $out/cityscore-contract"

#!/bin/sh
# Every Markdown document a proto file cites must be in the repository: the
# proto files are the API reference, read without the team's shared notes.
# Run from the repository root.
status=0
# proto/google and proto/grpc are vendored as published (their READMEs).
for doc in $(grep -rhoE --exclude-dir=google --exclude-dir=grpc \
    '[A-Za-z0-9_./-]+\.md' proto | sort -u); do
  if ! git ls-files | grep -qE "(^|/)${doc}\$"; then
    echo "proto cites ${doc}, which is not in the repository:"
    grep -rn "${doc}" proto
    status=1
  fi
done
exit ${status}

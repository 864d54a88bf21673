#!/bin/sh
# Prisma's CLI downloads a native schema engine, which this project's machines cannot reach.
# generate/validate/format only need it to answer --version; migrations are applied by weekwise itself
# (`weekwise db migrate`), so anything else explains where to go.
if [ "$1" = "--version" ]; then
  echo "schema-engine-stub 0.0.0"
  exit 0
fi
echo "weekwise: the Prisma schema engine is not installed here; apply migrations with 'npx weekwise db migrate'." >&2
exit 1

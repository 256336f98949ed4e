#!/bin/sh
# export.sh [MIB]: custody export of a case holding MIB MiB of originals
# (default 1024, four raw files), side by side in one run with
#   tar cf - FILES | openssl dgst -sha256           the issue's yardstick
#   tar cf - FILES | dd of=OUT conv=fsync           the durable write export must make
#   openssl dgst -sha512 FILES                      the SHA-512 export must compute
# Export hashes every payload byte with SHA-256 and SHA-512 (one thread
# each) as it hands it to libarchive, and fsyncs the bundle before the
# rename: it costs at least the larger of the last two lines.
. "$(dirname "$0")/lib.sh"
MIB=${1:-1024}
PARTS=4

custody keygen -o "$W/key" >/dev/null || exit 1
mkdir "$W/orig"
i=1
while [ $i -le $PARTS ]; do
	mkfile "$W/orig/part$i.bin" $((MIB / PARTS))
	i=$((i + 1))
done
custody init "$W/case" --case-id bench --key "$W/key" --examiner bench >/dev/null || exit 1
custody ingest -q --format raw "$W/case" --key "$W/key" "$W"/orig/*.bin >/dev/null || exit 1
cat "$W"/orig/*.bin "$W"/case/objects/sha256/*/* >/dev/null # warm page cache for both sides

echo "export of a case holding $MIB MiB of originals ($PARTS files), $ROUNDS rounds, median" \
    "(this machine: $(nproc) cores, shared)"
te='' tp='' tw='' t5=''
r=0
while [ $r -lt "$ROUNDS" ]; do
	rm -f "$W/b.tar" "$W/t.tar"
	sync
	te="$te $(timeit custody export -q "$W/case" -o "$W/b.tar" --key "$W/key")"
	rm -f "$W/b.tar"
	sync
	tp="$tp $(timeit sh -c "tar cf - -C '$W' orig | openssl dgst -sha256")"
	tw="$tw $(timeit sh -c "tar cf - -C '$W' orig | dd of='$W/t.tar' bs=1M conv=fsync 2>/dev/null")"
	rm -f "$W/t.tar"
	t5="$t5 $(timeit sh -c "openssl dgst -sha512 '$W'/orig/*.bin")"
	r=$((r + 1))
done
# shellcheck disable=SC2086
te=$(median $te); tp=$(median $tp); tw=$(median $tw); t5=$(median $t5)
row "custody export" "$te"
row "tar cf - FILES | openssl dgst -sha256" "$tp"
row "tar cf - FILES | dd conv=fsync (durable copy)" "$tw"
row "openssl dgst -sha512 FILES" "$t5"
echo "  ratio export / (tar | sha256):      $(ratio "$te" "$tp")   (target <= 1.5)"
echo "  ratio export / (tar | dd fsync):    $(ratio "$te" "$tw")   (the write export must make durable)"
echo "  ratio export / sha512:              $(ratio "$te" "$t5")   (SHA-512 on one core is a floor)"
bench_end

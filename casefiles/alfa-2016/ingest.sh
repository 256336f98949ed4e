# ingest.sh: how the demo cases take in the synthetic evidence, sourced by
# demo.sh, demo-nocapture.sh and demo-critics.sh so that every case reads
# the same files under the same labels (claims.ini names them).
#
# ingest_evidence CASE KEY EVIDENCE-DIR [no-capture]: ingests each file
# synth made with its --format, --source and --note; with no-capture, the
# packet capture is left out. Then the casefile's own timeline.
ingest_evidence() {
	_case=$1 _key=$2 _dir=$3 _nocap=${4:-}
	for _f in "$_dir"/*; do
		case $(basename "$_f") in
		*capture*.pcap)
			if [ "$_nocap" = no-capture ]; then
				echo "left out: $_f"
				continue
			fi
			custody ingest "$_case" --key "$_key" --format pcap --source capture-ns1 \
			    --note "synthetic capture at one authoritative server" "$_f" ;;
		*bind*.log)
			custody ingest "$_case" --key "$_key" --format bind --tz UTC \
			    --source server-log-ns1 --note "synthetic BIND query log of that server" "$_f" ;;
		*orgs*.csv)
			custody ingest "$_case" --key "$_key" --format orgmap --source orgmap \
			    --note "synthetic attribution of documentation ranges" "$_f" ;;
		*.csv)
			custody ingest "$_case" --key "$_key" --format csv \
			    --columns time=time,client=querier,qname=name,qtype=type \
			    --source published-logs --note "synthetic imitation of the published logs" "$_f" ;;
		*)
			custody ingest "$_case" --key "$_key" --format raw "$_f" ;;
		esac
	done
	# The timeline is not synthetic (dates from the reporting and the
	# record, [U] items marked unconfirmed), so it is not generated: it
	# is ingested from the casefile itself.
	custody ingest "$_case" --key "$_key" --format events --source timeline \
	    "$CASEFILE/events.csv"
}

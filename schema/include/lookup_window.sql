-- lookup_window: the :since/:until bounds of a lookup (DNS message m),
-- either open. Included by the fixed queries (tests/embed.sh, ".include").
AND m.time_ns >= coalesce(custody_ns(:since), -9223372036854775807)
AND m.time_ns < coalesce(custody_ns(:until), 9223372036854775807)

"""Loads a newsfacts output folder the way analysts do and checks what they rely on.

- a reader resolves output/current once (os.path.realpath) and reads that snapshot: it stays whole
  while later runs publish;
- polars reads every Parquet dataset with a glob and Hive partitions, DuckDB with read_parquet,
  pyarrow and pandas the partitioned dataset folder, pandas the CSV mirror;
- the partition column published_month is the article's month, or "unknown";
- Parquet and CSV hold the same rows;
- every fact's surface is articles.text[char_start:char_end] (Python slicing, code points), and a
  quote's speaker_surface is text[speaker_char_start:speaker_char_end];
- every entity_id in entity_mentions and quotes joins to exactly one entities row;
- dates are real dates, not strings.
"""
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

out = Path(os.path.realpath(Path(sys.argv[1]) / "current"))
tables = ["articles", "figures", "dates", "entity_mentions", "entities", "quotes", "events",
          "event_participants", "event_clusters", "event_cluster_members", "rejects"]
frames = {}
for t in tables:
    df = pl.scan_parquet(str(out / t / "**" / "*.parquet"), hive_partitioning=True).collect()
    frames[t] = df
    n_duck = duckdb.sql(f"select count(*) from read_parquet('{out / t}/**/*.parquet', hive_partitioning=true)").fetchone()[0]
    n_arrow = pd.read_parquet(out / t).shape[0]
    parts = sorted((out / "csv" / t).rglob("*.csv"))
    csv = pd.concat([pd.read_csv(f, keep_default_na=False) for f in parts])
    assert df.height == n_duck == n_arrow == len(csv), (t, df.height, n_duck, n_arrow, len(csv))
    columns = [c for c in df.columns if c != "published_month"]
    assert list(csv.columns) == columns, (t, list(csv.columns), columns)

months = dict(zip(frames["articles"]["doc_id"], frames["articles"]["published_month"]))
for doc, date in zip(frames["articles"]["doc_id"], frames["articles"]["published_date"]):
    assert months[doc] == (date.strftime("%Y-%m") if date else "unknown"), (doc, date, months[doc])
assert set(months.values()) == {"2022-02", "2023-12", "2024-04", "unknown"}, months
arrow = pd.read_parquet(out / "articles")
assert sorted(set(arrow["published_month"].astype(str))) == ["2022-02", "2023-12", "2024-04", "unknown"], set(arrow["published_month"])

assert frames["articles"].schema["published_date"] == pl.Date
assert frames["dates"].schema["start_date"] == pl.Date
assert str(frames["articles"].schema["published_at"]).startswith("Datetime")

texts = dict(zip(frames["articles"]["doc_id"], frames["articles"]["text"]))
checked = 0
for t in ["figures", "dates", "entity_mentions", "quotes", "events"]:
    for row in frames[t].iter_rows(named=True):
        text = texts[row["doc_id"]]
        assert text[row["char_start"]:row["char_end"]] == row["surface"], (t, row)
        assert text.encode()[row["byte_start"]:row["byte_end"]].decode() == row["surface"], (t, row)
        checked += 1
assert checked > 20, checked
for row in frames["quotes"].iter_rows(named=True):
    if row["speaker_surface"] is not None:
        text = texts[row["doc_id"]]
        assert text[row["speaker_char_start"]:row["speaker_char_end"]] == row["speaker_surface"], row

orphans = duckdb.sql(f"""
    select count(*) from read_parquet('{out}/entity_mentions/**/*.parquet') m
    left join read_parquet('{out}/entities/**/*.parquet') e using (entity_id)
    where m.entity_id is not null and e.entity_id is null""").fetchone()[0]
assert orphans == 0, orphans
ids = frames["entities"]["entity_id"]
assert ids.n_unique() == len(ids), "entity ids are unique"
speakers = duckdb.sql(f"""
    select e.name, count(*) from read_parquet('{out}/quotes/**/*.parquet') q
    join read_parquet('{out}/entities/**/*.parquet') e on q.speaker_entity_id = e.entity_id
    where q.kind = 'full' group by 1 order by 1""").fetchall()
assert ("Sergey Lavrov", 5) in speakers and ("Wang Yi", 5) in speakers, speakers

# Events: every participant is an entity, every event is in exactly one cluster, and the seeds'
# 2022-02-03 ministers' meeting is one cluster of two articles.
orphans = duckdb.sql(f"""
    select count(*) from read_parquet('{out}/event_participants/**/*.parquet') p
    left join read_parquet('{out}/entities/**/*.parquet') e using (entity_id)
    where e.entity_id is null""").fetchone()[0]
assert orphans == 0, orphans
members = frames["event_cluster_members"]
assert sorted(members["event_id"].to_list()) == sorted(frames["events"]["event_id"].to_list())
beijing = duckdb.sql(f"""
    select articles, sources from read_parquet('{out}/event_clusters/**/*.parquet')
    where date = '2022-02-03' and participants like '%Wang Yi%'""").fetchall()
assert beijing == [(2, 2)], beijing

money = duckdb.sql(f"select value, unit from read_parquet('{out}/figures/**/*.parquet') where kind = 'money'").fetchall()
assert money == [(146870000000.0, "USD")], money
print(f"ok: {checked} spans checked; tables load in polars, DuckDB and pandas")

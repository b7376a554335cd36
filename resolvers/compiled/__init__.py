"""The compiled read path: a validated query operation becomes ONE SQL statement that builds the
whole JSON result in the database (json_build_object/json_agg on PostgreSQL, json_object/
json_group_array on SQLite), as PostGraphile does. Whatever it does not cover goes to the general
executor, which stays the reference: tests check both give the same `data`."""

"""The long commands show a progress bar (on standard error, so scripts can read their
result on standard output)."""


def test_reindex_and_import_show_their_progress(app, runner, make_member, tmp_path):
    make_member("alpha")
    make_member("bravo")
    result = runner.invoke(args=["members", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Reindexing members" in result.stderr and "Reindexed 2 members." in result.stdout
    history = tmp_path / "history.csv"
    history.write_text("month,member,event_type,count\n2019-07,alpha,search,3\n"
                       "2019-08,bravo,sign_in,2\n")
    result = runner.invoke(args=["usage", "import", str(history)])
    assert result.exit_code == 0, result.output
    assert "Importing monthly counts" in result.stderr
    assert "Imported 2 monthly counts." in result.stdout
    result = runner.invoke(args=["usage", "prune"])
    assert result.exit_code == 0 and "Rolling up old months" in result.stderr

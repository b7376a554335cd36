"""The documents of civic work (versions, attachments, comments): types shared by the subgraphs
whose records have them."""

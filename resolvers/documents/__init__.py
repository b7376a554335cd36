"""The documents' writes: attachments (upload), comments on drafts (write, edit), and the versions
every edit of a text keeps."""

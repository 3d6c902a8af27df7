"""Tools for the people who write a project: `init`, the live preview, one-figure pictures, the atlas sheet
and the generated field reference. They sit beside delivery, above rendering, and nothing imports them but
the CLI.
"""

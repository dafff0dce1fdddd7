"""A large, believable synthetic network for measuring Folkmoot at scale (``manage.py
seed_scale``).

The modules, in the order the build uses them:

- ``options``: the sizes asked for and the ratios derived from them.
- ``names``: invented place and people names, and postcodes in unused UK postcode areas.
- ``sink``: ids chosen by the generator, rows written in batches (executemany / COPY).
- ``chain``: the audit chain, hashed exactly as ``audit.services.record`` does.
- ``plan``: the whole tree (areas, assemblies, councils) as plain Python, from the seed.
- ``structure``: writes the plan: levels, areas, postcodes, assemblies, councils, supporters.
- ``people``, ``meetings``: each assembly's members, roles, meetings, outreach, attendance.
- ``votes``, ``proposals``, ``elections``: votes counted by the real counting code, proposals
  and decisions, elections of delegates and standing mandates.
- ``upper``: delegates appointed up the council tree, conveners, council meetings.
- ``questions``: a few council questions referred down through the real services.
- ``build``: runs the stages, times them and counts the rows.
"""

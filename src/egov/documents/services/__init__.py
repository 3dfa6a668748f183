"""Every change of state of documents, one module per concern:

* ``registers``: registers (sổ) and the numbers they give;
* ``incoming``: registering incoming documents and their files;
* ``handling``: assignment (lead, co-operating, for information), passing on inside a
  unit, opinions and progress, finishing;
"""

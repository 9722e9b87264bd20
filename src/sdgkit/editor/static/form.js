/* sdgkit editor: the form of a metadata, configuration or page file (being written). */

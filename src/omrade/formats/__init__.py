"""Date and number formats where Django's own do not suit the platform (FORMAT_MODULE_PATH).

Bokmål and Danish use Django's formats (09.05.2023, 9. mai 2023). English follows British
usage, as the platform's readers are in Norway and Denmark: 9 May 2023 and 09/05/2023, never
the American 05/09/2023.
"""

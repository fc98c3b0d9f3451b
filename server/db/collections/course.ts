import type { CollectionDecl } from '../collection-decl';

export const courseCollections: CollectionDecl[] = [];

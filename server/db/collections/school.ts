import type { CollectionDecl } from '../collection-decl';

export const schoolCollections: CollectionDecl[] = [];

import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { buildTemplateInput, createTestWorkspace } from './support/factories';
import { codeOf, gql } from './support/graphql';

const TEMPLATE_FIELDS = 'key name category builtIn platforms tone variables { name required defaultValue kind }';
const CREATE = `mutation($input: TemplateInput!) { createTemplate(input: $input) { ${TEMPLATE_FIELDS} } }`;
const APPLY = `mutation($key: String!, $variables: [TemplateVariableInput!]!) {
  applyTemplate(key: $key, variables: $variables) { name brief { productName features tone platforms } variables { name defaulted } } }`;

const t = useTestApp();

describe('templates over GraphQL', () => {
  it('lists the ten built-ins, filterable by category', async () => {
    const all = await gql(t.graphqlUrl, `{ templates { ${TEMPLATE_FIELDS} } }`, { key: t.ws.viewer });
    expect(all.data?.templates).toHaveLength(10);
    expect(all.data?.templates.every((tpl: { builtIn: boolean }) => tpl.builtIn)).toBe(true);
    const listed: { key: string; category: string }[] = all.data?.templates ?? [];
    expect(new Set(listed.map((tpl) => tpl.category))).toEqual(
      new Set(['announcement', 'social-proof', 'editorial', 'promotion', 'education', 'culture']),
    );
    const some = await gql(t.graphqlUrl, '{ templates(category: "announcement") { key category } }', {
      key: t.ws.viewer,
    });
    expect(some.data?.templates).toEqual(
      listed.filter((tpl) => tpl.category === 'announcement').map(({ key, category }) => ({ key, category })),
    );
    expect(some.data?.templates.map((tpl: { key: string }) => tpl.key)).toEqual(['product-launch', 'feature-update']);
  });

  it('applies a built-in with its example into a valid brief', async () => {
    const one = await gql(
      t.graphqlUrl,
      '{ template(key: "product-launch") { key example { variables { name value } } guidance { platform text } } }',
      { key: t.ws.viewer },
    );
    const variables = one.data?.template.example.variables;
    const res = await gql(t.graphqlUrl, APPLY, { key: t.ws.viewer, variables: { key: 'product-launch', variables } });
    expect(res.errors).toBeUndefined();
    const example = (name: string): string => variables.find((v: { name: string }) => v.name === name)?.value;
    expect(res.data?.applyTemplate.brief.productName).toBe(example('productName'));
    // A list variable holds one item a line.
    expect(res.data?.applyTemplate.brief.features).toEqual(example('features').split('\n'));
    expect(res.data?.applyTemplate.name).toBe(`${example('productName')} launch`);
  });

  it('names every missing or unknown variable', async () => {
    const res = await gql(t.graphqlUrl, APPLY, {
      key: t.ws.viewer,
      variables: { key: 'product-launch', variables: [{ name: 'nonsense', value: 'x' }] },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const paths = res.errors?.[0]?.extensions?.fields?.map((field) => field.path) ?? [];
    // The unknown one, then every required variable of product-launch that was not given.
    expect(paths).toEqual(['variables.nonsense', 'variables.productName', 'variables.pitch', 'variables.features']);
  });

  it('answers an unknown template key as not found', async () => {
    const res = await gql(t.graphqlUrl, APPLY, {
      key: t.ws.viewer,
      variables: { key: 'no-such-thing', variables: [] },
    });
    expect(codeOf(res)).toBe('NOT_FOUND');
    const one = await gql(t.graphqlUrl, '{ template(key: "no-such-thing") { key } }', { key: t.ws.viewer });
    expect(one.data?.template).toBeNull();
  });

  it('creates, applies, updates and deletes a workspace template', async () => {
    const created = await gql(t.graphqlUrl, CREATE, { key: t.ws.editor, variables: { input: buildTemplateInput() } });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createTemplate).toMatchObject({ key: 'webinar-recap', builtIn: false });

    const applied = await gql(t.graphqlUrl, APPLY, {
      key: t.ws.viewer,
      variables: { key: 'webinar-recap', variables: buildTemplateInput().example },
    });
    expect(applied.data?.applyTemplate).toMatchObject({
      name: 'Scaling Postgres recap',
      brief: { productName: 'Scaling Postgres', features: ['Index what you filter', 'Batch your writes'] },
    });

    const update = `mutation($input: TemplateInput!) { updateTemplate(key: "webinar-recap", input: $input) { name } }`;
    const updated = await gql(t.graphqlUrl, update, {
      key: t.ws.editor,
      variables: { input: { ...buildTemplateInput(), name: 'Webinar wrap-up' } },
    });
    expect(updated.data?.updateTemplate.name).toBe('Webinar wrap-up');

    const del = await gql(t.graphqlUrl, 'mutation { deleteTemplate(key: "webinar-recap") }', { key: t.ws.editor });
    expect(del.data?.deleteTemplate).toBe(true);
    const again = await gql(t.graphqlUrl, 'mutation { deleteTemplate(key: "webinar-recap") }', { key: t.ws.editor });
    expect(again.data?.deleteTemplate).toBe(false);
  });

  it('refuses duplicate keys, built-in keys, invalid definitions and VIEWER keys', async () => {
    await gql(t.graphqlUrl, CREATE, { key: t.ws.editor, variables: { input: buildTemplateInput() } });
    const duplicate = await gql(t.graphqlUrl, CREATE, { key: t.ws.editor, variables: { input: buildTemplateInput() } });
    expect(codeOf(duplicate)).toBe('CONFLICT');
    const builtIn = await gql(t.graphqlUrl, CREATE, {
      key: t.ws.editor,
      variables: { input: buildTemplateInput('product-launch') },
    });
    expect(codeOf(builtIn)).toBe('CONFLICT');
    const invalid = await gql(t.graphqlUrl, CREATE, {
      key: t.ws.editor,
      variables: { input: { ...buildTemplateInput('broken'), campaignName: '{{undeclared}} recap' } },
    });
    expect(codeOf(invalid)).toBe('BAD_USER_INPUT');
    const viewer = await gql(t.graphqlUrl, CREATE, {
      key: t.ws.viewer,
      variables: { input: buildTemplateInput('mine') },
    });
    expect(codeOf(viewer)).toBe('FORBIDDEN');
    const change = await gql(t.graphqlUrl, 'mutation { deleteTemplate(key: "product-launch") }', { key: t.ws.editor });
    expect(codeOf(change)).toBe('CONFLICT');
  });

  it("keeps a workspace's templates to itself", async () => {
    await gql(t.graphqlUrl, CREATE, { key: t.ws.editor, variables: { input: buildTemplateInput() } });
    const other = await createTestWorkspace(t.app);
    const list = await gql(t.graphqlUrl, '{ templates { key } }', { key: other.viewer });
    expect(list.data?.templates.map((tpl: { key: string }) => tpl.key)).not.toContain('webinar-recap');
    const one = await gql(t.graphqlUrl, '{ template(key: "webinar-recap") { key } }', { key: other.viewer });
    expect(one.data?.template).toBeNull();
  });
});

describe('templates against hostile input', () => {
  it('refuses thousands of variables at once with one short error', async () => {
    const variables = Array.from({ length: 5_000 }, (_, i) => ({ name: `v${i}`, value: 'x' }));
    const res = await gql(t.graphqlUrl, APPLY, { key: t.ws.viewer, variables: { key: 'product-launch', variables } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ path: 'variables', message: expect.any(String) }]);
  });
});

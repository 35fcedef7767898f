import re, json, sys
def parse(path):
    out=[]
    for block in open(path).read().split('### ')[1:]:
        head, body = block.split('\n',1)
        kind, trade = [x.strip() for x in head.split('|',1)]
        body=body.strip()
        probs=[]
        def sub(m):
            ph, cr = m.group(1), m.group(2)
            probs.append({"phrase":ph,"criterion":cr})
            return ph
        text=re.sub(r'\{\{([^|{}]*)\|([a-z_]+)\}\}', sub, body)
        text=re.sub(r'\s+$','',text)
        text=text.replace('  ',' ')
        out.append((kind,trade,text,probs))
    return out
P=parse('problems.txt')
probs=[]
for i,(k,t,x,pr) in enumerate(P,1):
    if not pr: pr=[{"phrase":"","criterion":"complete"}]
    probs.append({"id":"p%03d"%i,"kind":k,"trade":t,"text":x,"problems":pr})
F=[]
for i,block in enumerate(open('fair.txt').read().split('### ')[1:],1):
    head, body = block.split('\n',1)
    kind, trade = [x.strip() for x in head.split('|',1)]
    nm=[]
    text=re.sub(r'\[\[([^\]]*)\]\]', lambda m:(nm.append(m.group(1)),m.group(1))[1], body.strip())
    F.append({"id":"f%03d"%i,"kind":kind,"trade":trade,"text":text,"nearMisses":nm})
from pads import PAD
for r in probs+F:
    if r['id'] in PAD: r['text']=PAD[r['id']]+' '+r['text']
json.dump(probs,open('../problems.json','w'),ensure_ascii=False,indent=2)
json.dump(F,open('../fair.json','w'),ensure_ascii=False,indent=2)
print(len(probs),len(F))
